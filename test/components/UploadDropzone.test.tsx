import { createEvent, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { UploadDropzone } from '../../src/components/UploadDropzone';
import type { FileRejection } from '../../src/components/useUploadDropzone';
import { checkFiles, matchesAccept } from '../../src/components/fileRules';
import { SmhI18nProvider, zhCN } from '../../src/i18n';
import { HOSTILE_NAMES, shownName } from './helpers';

function file(name: string, size = 10, type = '') {
  return new File([new Uint8Array(size)], name, { type });
}

function drop(target: Element, files: File[]) {
  const dataTransfer = { files, types: ['Files'], dropEffect: 'none' };
  fireEvent.dragEnter(target, { dataTransfer });
  fireEvent.dragOver(target, { dataTransfer });
  const event = createEvent.drop(target, { dataTransfer });
  fireEvent(target, event);
  return event;
}

const zone = () => screen.getByRole('button', { name: /Drop files here|Drop a file here/ });
const picker = () => document.querySelector('input[type="file"]') as HTMLInputElement;

describe('UploadDropzone', () => {
  it('opens the file picker on click, Enter and Space', async () => {
    const user = userEvent.setup();
    render(<UploadDropzone />);
    const click = vi.spyOn(picker(), 'click');
    await user.click(zone());
    expect(click).toHaveBeenCalledTimes(1);
    zone().focus();
    await user.keyboard('{Enter}');
    await user.keyboard(' ');
    expect(click).toHaveBeenCalledTimes(3);
  });

  it('is reachable with Tab and picked files go to onFiles', async () => {
    const user = userEvent.setup();
    const onFiles = vi.fn<(files: File[]) => void>();
    render(<UploadDropzone onFiles={onFiles} />);
    await user.tab();
    expect(zone()).toHaveFocus();
    const picked = [file('a.txt'), file('b.txt')];
    await user.upload(picker(), picked);
    expect(onFiles).toHaveBeenCalledExactlyOnceWith(picked);
  });

  it('takes dropped files and shows the drag state while over', () => {
    const onFiles = vi.fn<(files: File[]) => void>();
    const { container } = render(<UploadDropzone onFiles={onFiles} />);
    const target = zone();
    const dataTransfer = { files: [], types: ['Files'] };
    fireEvent.dragEnter(target, { dataTransfer });
    expect(container.firstElementChild).toHaveAttribute('data-state', 'active');
    expect(target).toHaveTextContent('Drop to upload');
    const dropped = [file('c.png', 10, 'image/png')];
    const event = drop(target, dropped);
    expect(event.defaultPrevented).toBe(true);
    expect(onFiles).toHaveBeenCalledExactlyOnceWith(dropped);
    expect(container.firstElementChild).toHaveAttribute('data-state', 'idle');
  });

  it('rejects files outside accept, over maxSize or under minSize, with the name and the reason', () => {
    const onFiles = vi.fn<(files: File[]) => void>();
    const onReject = vi.fn<(rejections: FileRejection[]) => void>();
    render(
      <UploadDropzone accept="image/*,.pdf" maxSize={1_000_000} minSize={2} onFiles={onFiles} onReject={onReject} />,
    );
    const ok = file('ok.pdf', 100, 'application/pdf');
    drop(zone(), [file('notes.txt', 10, 'text/plain'), file('huge.png', 2_500_000, 'image/png'), file('empty.png', 0, 'image/png'), ok]);
    expect(onFiles).toHaveBeenCalledExactlyOnceWith([ok]);
    const items = screen.getAllByRole('listitem').map((item) => item.textContent);
    expect(items).toEqual([
      '“\u2068notes.txt\u2069” was not added: this type of file is not accepted (allowed: image/*, .pdf).',
      '“\u2068huge.png\u2069” was not added: it is 2.5 MB; the limit is 1 MB.',
      '“\u2068empty.png\u2069” was not added: it is 0 bytes; files must be at least 2 bytes.',
    ]);
    expect(onReject).toHaveBeenCalledWith(expect.arrayContaining([expect.objectContaining({ reason: 'tooLarge' })]));
    expect(screen.getByRole('status')).toContainElement(screen.getAllByRole('listitem')[0] ?? null);
  });

  it('turns away files past maxFiles and keeps the first ones', () => {
    const onFiles = vi.fn<(files: File[]) => void>();
    render(<UploadDropzone maxFiles={2} onFiles={onFiles} />);
    const files = [file('1.txt'), file('2.txt'), file('3.txt')];
    drop(zone(), files);
    expect(onFiles).toHaveBeenCalledExactlyOnceWith(files.slice(0, 2));
    expect(screen.getByRole('listitem')).toHaveTextContent('only 2 files can be added at a time.');
  });

  it('takes one file when multiple is false', () => {
    const onFiles = vi.fn<(files: File[]) => void>();
    render(<UploadDropzone multiple={false} onFiles={onFiles} />);
    expect(picker()).not.toHaveAttribute('multiple');
    drop(screen.getByRole('button', { name: /Drop a file here/ }), [file('1.txt'), file('2.txt')]);
    expect(onFiles).toHaveBeenCalledExactlyOnceWith([expect.objectContaining({ name: '1.txt' })]);
  });

  it('does nothing while disabled', async () => {
    const user = userEvent.setup();
    const onFiles = vi.fn<(files: File[]) => void>();
    const { container } = render(<UploadDropzone disabled onFiles={onFiles} />);
    const click = vi.spyOn(picker(), 'click');
    await user.click(zone());
    drop(zone(), [file('a.txt')]);
    expect(click).not.toHaveBeenCalled();
    expect(onFiles).not.toHaveBeenCalled();
    expect(zone()).toHaveAttribute('aria-disabled', 'true');
    expect(container.firstElementChild).toHaveAttribute('data-state', 'disabled');
  });

  it('renders hostile file names in rejections as text', () => {
    render(<UploadDropzone accept=".jpg" />);
    drop(zone(), HOSTILE_NAMES.map((name) => file(name)));
    expect(document.querySelector('img')).toBeNull();
    const items = screen.getAllByRole('listitem');
    HOSTILE_NAMES.forEach((name, index) => expect(items[index]?.textContent).toContain(`\u2068${shownName(name)}\u2069`));
  });

  it.each([
    ['a:b?.txt', 'nameCharacters', 'the name contains “:”, “?”, which the server does not allow in names'],
    ['tab\there|.txt', 'nameCharacters', 'the name contains U+0009, “|”, which the server does not allow in names'],
    ['', 'nameEmpty', 'it has no name.'],
    ['..', 'nameDots', 'a file cannot be named “.” or “..”.'],
    ['x'.repeat(256), 'nameTooLong', 'the name is 256 bytes long in UTF-8; the limit is 255 bytes.'],
    // 86 characters, but 258 bytes: SMH counts what it stores.
    ['文'.repeat(86), 'nameTooLong', 'the name is 258 bytes long in UTF-8; the limit is 255 bytes.'],
  ])('refuses %j before upload, saying exactly why (%s)', (name, reason, text) => {
    const onFiles = vi.fn<(files: File[]) => void>();
    const onReject = vi.fn<(rejections: FileRejection[]) => void>();
    render(<UploadDropzone onFiles={onFiles} onReject={onReject} />);
    drop(zone(), [file(name), file('fine.txt')]);
    expect(onFiles).toHaveBeenCalledExactlyOnceWith([expect.objectContaining({ name: 'fine.txt' })]);
    expect(onReject.mock.calls[0]?.[0].map((r) => r.reason)).toEqual([reason]);
    expect(screen.getByRole('listitem')).toHaveAttribute('data-reason', reason);
    expect(screen.getByRole('listitem')).toHaveTextContent(text);
  });

  it('takes names at the limit: 255 bytes, and a name with a dot or non-Latin letters', () => {
    const names = ['x'.repeat(255), '.env', 'a..b.txt', '报告 (1).pdf'];
    expect(checkFiles(names.map((name) => file(name)), {}).rejected).toEqual([]);
  });

  it('says why a name is refused in Chinese too', () => {
    render(
      <SmhI18nProvider locale="zh-CN" messages={zhCN}>
        <UploadDropzone />
      </SmhI18nProvider>,
    );
    drop(screen.getByRole('button'), [file('a*b.txt'), file('文'.repeat(86))]);
    const items = screen.getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('未添加“\u2068a*b.txt\u2069”：名称中包含 “*”，服务器不允许名称中出现这些字符');
    expect(items[1]).toHaveTextContent('名称的 UTF-8 编码长度为 258 字节，上限为 255 字节。');
  });

  it('says "tap" rather than "press Enter" on a touch screen', () => {
    const matchMedia = vi.fn<(query: string) => Pick<MediaQueryList, 'matches' | 'addEventListener' | 'removeEventListener'>>((query) => ({
      matches: query.includes('pointer: coarse'),
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    }));
    vi.stubGlobal('matchMedia', matchMedia);
    try {
      render(<UploadDropzone />);
      expect(screen.getByRole('button', { name: 'Tap to choose files' })).toBeInTheDocument();
      expect(matchMedia).toHaveBeenCalledWith('(hover: none) and (pointer: coarse)');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('speaks Chinese under a zh-CN provider', () => {
    render(
      <SmhI18nProvider locale="zh-CN" messages={zhCN}>
        <UploadDropzone maxSize={10} />
      </SmhI18nProvider>,
    );
    const target = screen.getByRole('button', { name: '将文件拖放到此处，或按 Enter 键选择' });
    drop(target, [file('big.bin', 2_000)]);
    expect(screen.getByRole('listitem')).toHaveTextContent('未添加“\u2068big.bin\u2069”：文件大小为 2 kB，上限为 10字节。');
  });

  it('passes className and DOM props, and takes custom content', () => {
    render(
      <UploadDropzone className="mine" data-testid="dz" label="Add invoices">
        {({ isDragActive }) => <span>{isDragActive ? 'now' : 'Invoices here'}</span>}
      </UploadDropzone>,
    );
    expect(screen.getByTestId('dz')).toHaveClass('smh-dropzone', 'mine');
    expect(screen.getByRole('button', { name: 'Add invoices' })).toHaveTextContent('Invoices here');
  });
});

describe('file rules', () => {
  it('matches MIME types, wildcards and extensions case-insensitively', () => {
    expect(matchesAccept(file('A.PDF'), '.pdf')).toBe(true);
    expect(matchesAccept(file('a.png', 1, 'image/png'), ['image/*'])).toBe(true);
    expect(matchesAccept(file('a', 1, ''), 'image/*')).toBe(false);
    expect(matchesAccept(file('a.zip', 1, 'application/zip'), 'application/zip, .rar')).toBe(true);
    expect(matchesAccept(file('a.txt', 1, 'text/plain'), 'application/zip')).toBe(false);
    expect(matchesAccept(file('anything'), undefined)).toBe(true);
  });

  it('keeps file order and reports each rejection once', () => {
    const files = [file('a.txt', 5), file('b.txt', 50), file('c.txt', 5)];
    const { accepted, rejected } = checkFiles(files, { maxSize: 10, maxFiles: 1 });
    expect(accepted.map((f) => f.name)).toEqual(['a.txt']);
    expect(rejected.map(({ file: f, reason }) => [f.name, reason])).toEqual([
      ['b.txt', 'tooLarge'],
      ['c.txt', 'tooMany'],
    ]);
  });
});
