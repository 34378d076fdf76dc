import { useId, useState } from 'react';
import { ConflictStrategyInfo, createI18n, UploadDropzone, type ConflictResolutionStrategy } from 'react-smh-upload';
import { parseFolder } from '../format';

// The library's own names for the strategies (Ask, Keep both, Replace): the same words as the
// explanation below, the name-clash dialog's buttons and the upload cards.
const { t } = createI18n();
const STRATEGIES: ReadonlyArray<{ value: ConflictResolutionStrategy; label: string }> = (['ask', 'rename', 'overwrite'] as const).map(
  (value) => ({ value, label: t(`conflict.${value}.name`) }),
);

// SMH's own per-file fields: a category (at most 16 bytes) and labels, stored with each file.
const CATEGORIES = [
  { value: '', label: 'None' },
  { value: 'photo', label: 'Photo' },
  { value: 'document', label: 'Document' },
  { value: 'video', label: 'Video' },
] as const;

function labelsOf(text: string): string[] {
  return text.split(',').map((label) => label.trim()).filter(Boolean);
}

interface SendFilesProps {
  folder: string;
  onFolderChange: (folder: string) => void;
  strategy: ConflictResolutionStrategy;
  onStrategyChange: (strategy: ConflictResolutionStrategy) => void;
  keepFiles: boolean;
  onKeepFilesChange: (keep: boolean) => void;
}

/** Where files go, what to do on a name clash, and the zone to pick or drop them. */
export function SendFiles({ folder, onFolderChange, strategy, onStrategyChange, keepFiles, onKeepFilesChange }: SendFilesProps) {
  const id = useId();
  const parsed = parseFolder(folder);
  const [category, setCategory] = useState('');
  const [labels, setLabels] = useState('');
  const fields = { ...(category ? { category } : {}), ...(labelsOf(labels).length > 0 ? { labels: labelsOf(labels) } : {}) };

  return (
    <section className="portal-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Send files</h2>
      <div className="portal-fields">
        <div className="portal-field">
          <label htmlFor={`${id}-folder`}>Folder</label>
          <input
            id={`${id}-folder`}
            name="folder"
            value={folder}
            onChange={(event) => onFolderChange(event.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={parsed.error !== undefined || undefined}
            aria-describedby={`${id}-folder-hint`}
          />
          <p id={`${id}-folder-hint`} className={parsed.error ? 'portal-field__error' : 'portal-field__hint'}>
            {parsed.error ?? 'Files go into this folder; use / for sub-folders. Leave empty for the top level.'}
          </p>
        </div>
        <fieldset className="portal-field portal-choice" aria-describedby={`${id}-strategy`}>
          <legend>If a file with the same name exists</legend>
          <div className="portal-choice__options">
            {STRATEGIES.map(({ value, label }) => (
              <label key={value} className="portal-choice__option">
                <input
                  type="radio"
                  name={`${id}-strategy`}
                  value={value}
                  checked={strategy === value}
                  onChange={() => onStrategyChange(value)}
                />
                {label}
              </label>
            ))}
          </div>
          <ConflictStrategyInfo id={`${id}-strategy`} strategy={strategy} variant="current" />
        </fieldset>
      </div>
      <div className="portal-fields">
        <div className="portal-field">
          <label htmlFor={`${id}-category`}>Category</label>
          <select id={`${id}-category`} name="category" value={category} onChange={(event) => setCategory(event.target.value)}>
            {CATEGORIES.map(({ value, label }) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="portal-field">
          <label htmlFor={`${id}-labels`}>Labels</label>
          <input
            id={`${id}-labels`}
            name="labels"
            value={labels}
            onChange={(event) => setLabels(event.target.value)}
            autoComplete="off"
            aria-describedby={`${id}-labels-hint`}
          />
          <p id={`${id}-labels-hint`} className="portal-field__hint">
            Separate labels with commas. SMH stores them, and the category, with each file sent from here.
          </p>
        </div>
      </div>
      <div className="portal-check">
        <input
          id={`${id}-keep`}
          type="checkbox"
          checked={keepFiles}
          onChange={(event) => onKeepFilesChange(event.target.checked)}
          aria-describedby={`${id}-keep-hint`}
        />
        <label htmlFor={`${id}-keep`}>Keep files in this browser until they finish uploading</label>
        <p id={`${id}-keep-hint`} className="portal-field__hint">
          Then a closed tab resumes with one click. On a shared computer, turn this off: you pick the file again to
          resume.
        </p>
      </div>
      {/* Inside SmhUploadProvider the zone starts an upload for every file it accepts. Folders keep
          their tree under the folder above; a pasted screenshot is taken anywhere but in a text field. */}
      <UploadDropzone
        disabled={parsed.error !== undefined}
        folder={parsed.segments ?? []}
        uploadOptions={{ conflictResolutionStrategy: strategy, ...fields }}
        folderPicker
        acceptPaste="document"
      />
    </section>
  );
}
