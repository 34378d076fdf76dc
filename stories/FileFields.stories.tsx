import type { Meta, StoryObj } from '@storybook/react-vite';
import { useId, useState } from 'react';
import { expect, waitFor } from 'storybook/test';
import type { SmhPath } from '../src/api/types';
import { UploadDropzone } from '../src/components';
import { SmhUploadProvider, type UploadFileOptions } from '../src/react';
import { createFakeSmh } from '../test/react/fakeSmh';
import { i18nProps, localeOf, type StoryLocale } from './locale';

// The form around the drop zone is the app's, so its words are the app's too, in both languages.
const WORDS = {
  en: { category: 'Category', labels: 'Labels (comma-separated)', photo: 'Photo', document: 'Document', sent: 'Sent to SMH' },
  'zh-CN': { category: '分类', labels: '标签（用逗号分隔）', photo: '照片', document: '文档', sent: '已发送到 SMH' },
} satisfies Record<StoryLocale, Record<string, string>>;

interface Sent {
  name: string;
  category?: string | undefined;
  labels?: readonly string[] | undefined;
  localModificationTime?: string | undefined;
}

/**
 * A claims portal's drop zone: the category and labels chosen above go with each file as SMH's
 * own fields, through `uploadOptions` as a function. The list shows what each begin call carried
 * (an in-memory SMH stands in for the real one).
 */
function ClaimDropzone({ locale }: { locale: StoryLocale }) {
  const words = WORDS[locale];
  const [sent, setSent] = useState<Sent[]>([]);
  const [smh] = useState(() => {
    const fake = createFakeSmh();
    const begin = fake.client.beginSimpleUpload;
    fake.client.beginSimpleUpload = (path: SmhPath, options) => {
      const name = typeof path === 'string' ? (path.split('/').at(-1) ?? path) : (path.at(-1) ?? '');
      setSent((list) => [...list, { name, category: options?.category, labels: options?.labels, localModificationTime: options?.localModificationTime }]);
      return begin(path, options);
    };
    return fake;
  });
  const [category, setCategory] = useState('photo');
  const [labels, setLabels] = useState('claim-1024');
  const categoryId = useId();
  const labelsId = useId();
  const fieldsFor = (file: File): UploadFileOptions => ({
    // A PDF is always a document, whatever is chosen.
    category: file.type === 'application/pdf' ? 'document' : category,
    labels: labels.split(',').map((label) => label.trim()).filter(Boolean),
  });

  return (
    <SmhUploadProvider client={smh.client} store={null} defaults={{ transport: smh.transport, instantUpload: false }} {...i18nProps(locale)}>
      <div style={{ display: 'grid', gap: '0.75rem', maxWidth: '32rem' }}>
        <label htmlFor={categoryId}>{words.category}</label>
        <select id={categoryId} value={category} onChange={(event) => setCategory(event.target.value)}>
          <option value="photo">{words.photo}</option>
          <option value="document">{words.document}</option>
        </select>
        <label htmlFor={labelsId}>{words.labels}</label>
        <input id={labelsId} value={labels} onChange={(event) => setLabels(event.target.value)} />
        <UploadDropzone folder="claims" uploadOptions={fieldsFor} />
        <section aria-label={words.sent}>
          <ul>
            {sent.map((item, index) => (
              <li key={index}>
                {item.name}: {item.category} · {item.labels?.join(', ')} · {item.localModificationTime}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </SmhUploadProvider>
  );
}

const meta = {
  title: 'Components/UploadDropzone/Per-file fields',
  component: ClaimDropzone,
  parameters: {
    docs: {
      description: {
        component:
          "SMH's per-file fields (labels, category, local times) from `UploadDropzone`'s `uploadOptions`, here a function " +
          'of the file. The local modification time is the File\'s `lastModified` unless given.',
      },
    },
  },
  argTypes: { locale: { table: { disable: true } } },
  args: { locale: 'en' },
  render: (args, { globals }) => <ClaimDropzone {...args} locale={localeOf(globals['locale'])} />,
} satisfies Meta<typeof ClaimDropzone>;

export default meta;
type Story = StoryObj<typeof meta>;

function dropFiles(target: Element, files: File[]) {
  const dataTransfer = new DataTransfer();
  for (const file of files) dataTransfer.items.add(file);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer }));
  }
}

const lastModified = Date.UTC(2026, 0, 2, 3, 4, 5);
const photo = () => new File([new Uint8Array(2_000)], 'dent.jpg', { type: 'image/jpeg', lastModified });
const scan = () => new File([new Uint8Array(3_000)], 'invoice.pdf', { type: 'application/pdf', lastModified });

/** Choose a category and labels, drop a photo and a PDF: each begin carries its own fields. */
export const CategoryAndLabels: Story = {
  play: async ({ canvas, userEvent }) => {
    await userEvent.selectOptions(canvas.getByLabelText('Category'), 'photo');
    await userEvent.clear(canvas.getByLabelText('Labels (comma-separated)'));
    await userEvent.type(canvas.getByLabelText('Labels (comma-separated)'), 'claim-7, urgent');
    dropFiles(canvas.getByRole('button', { name: /Drop files here/ }), [photo(), scan()]);
    const sent = canvas.getByRole('region', { name: 'Sent to SMH' });
    await waitFor(() => expect(sent.querySelectorAll('li')).toHaveLength(2));
    await expect(sent).toHaveTextContent('dent.jpg: photo · claim-7, urgent · 2026-01-02T03:04:05.000Z');
    await expect(sent).toHaveTextContent('invoice.pdf: document · claim-7, urgent');
  },
};

/** The same in Chinese: the zone's own words come from the library's catalogue, the form's from the app. */
export const CategoryAndLabelsChinese: Story = {
  globals: { locale: 'zh-CN' },
  play: async ({ canvas, userEvent }) => {
    await userEvent.selectOptions(canvas.getByLabelText('分类'), 'document');
    dropFiles(canvas.getByRole('button', { name: /将文件拖放到此处/ }), [photo()]);
    const sent = canvas.getByRole('region', { name: '已发送到 SMH' });
    await waitFor(() => expect(sent).toHaveTextContent('dent.jpg: document · claim-1024'));
  },
};
