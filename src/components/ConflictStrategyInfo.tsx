import { forwardRef, type ComponentPropsWithoutRef } from 'react';
import type { ConflictResolutionStrategy } from '../api/types';
import { useSmhI18n } from '../i18n/I18nProvider';
import { cx } from './shared';

const STRATEGIES: readonly ConflictResolutionStrategy[] = ['ask', 'rename', 'overwrite'];

export interface ConflictStrategyInfoProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children'> {
  /** The strategy in force; marked with `aria-current` and `data-current`. */
  strategy?: ConflictResolutionStrategy | undefined;
  /** The status reply's `force`: whether the task replaces a file already at its path. */
  force?: boolean | undefined;
  /** `all` explains every strategy (default); `current` only the one in force. */
  variant?: 'all' | 'current' | undefined;
  locale?: string | undefined;
}

/** What happens to a file of the same name, in a sentence per strategy. */
export const ConflictStrategyInfo = forwardRef<HTMLDivElement, ConflictStrategyInfoProps>(function ConflictStrategyInfo(
  {
    strategy,
    force,
    variant = 'all',
    locale,
    className,
    ...rest
  },
  ref,
) {
  const { t } = useSmhI18n(locale);
  const shown = variant === 'current' && strategy ? [strategy] : STRATEGIES;
  return (
    <div {...rest} ref={ref} className={cx('smh-strategy', className)} data-strategy={strategy} data-force={force ? '' : undefined}>
      <p className="smh-strategy__heading">{t('conflict.heading')}</p>
      <dl className="smh-strategy__list">
        {shown.map((name) => (
          <div
            key={name}
            className="smh-strategy__item"
            data-strategy={name}
            data-current={name === strategy ? '' : undefined}
            aria-current={name === strategy ? 'true' : undefined}
          >
            <dt>{t(`conflict.${name}.name`)}</dt>
            <dd>{t(`conflict.${name}`)}</dd>
          </div>
        ))}
        {force !== undefined && (
          <div className="smh-strategy__item" data-strategy="force" data-current={force ? '' : undefined}>
            <dt>{t('conflict.force.name')}</dt>
            <dd>{t(force ? 'conflict.force' : 'conflict.noForce')}</dd>
          </div>
        )}
      </dl>
    </div>
  );
});
