import type { SmhI18n } from '../i18n/types';
import { describeError } from './errorMessage';

/**
 * What went wrong and what to do, with the code and request ID small, for support. `live` (default
 * true) makes it an alert, spoken as it appears; off, it is read in place only.
 */
export function ErrorNotice({ error, i18n, live = true }: { error: unknown; i18n: SmhI18n; live?: boolean }) {
  const { t } = i18n;
  const { message, code, requestId } = describeError(error, i18n);
  return (
    <div className="smh-error" role={live ? 'alert' : undefined} data-code={code}>
      <p className="smh-error__message">{message}</p>
      {(code !== undefined || requestId !== undefined) && (
        <p className="smh-error__support">
          <small>
            {code !== undefined && <span data-part="code">{t('error.details', { code })}</span>}
            {requestId !== undefined && <span data-part="request-id">{t('error.requestId', { id: requestId })}</span>}
          </small>
        </p>
      )}
    </div>
  );
}
