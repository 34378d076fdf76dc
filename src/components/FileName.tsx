import { forwardRef, type ComponentPropsWithoutRef } from 'react';
import { revealBidi } from './shared';

export interface FileNameProps extends Omit<ComponentPropsWithoutRef<'bdi'>, 'children'> {
  name: string;
}

/**
 * A file name as text isolated from what surrounds it (`<bdi dir="auto">`), with its bidi controls
 * shown as codes: `invoice\u202Egnp.exe` reads "invoice[U+202E]gnp.exe", not "invoiceexe.png".
 */
export const FileName = forwardRef<HTMLElement, FileNameProps>(function FileName({ name, ...rest }, ref) {
  return (
    <bdi dir="auto" {...rest} ref={ref}>
      {revealBidi(name)}
    </bdi>
  );
});
