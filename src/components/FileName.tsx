import type { ComponentPropsWithRef } from 'react';
import { revealBidi } from './shared';

export interface FileNameProps extends Omit<ComponentPropsWithRef<'bdi'>, 'children'> {
  name: string;
}

/**
 * A file name as text isolated from what surrounds it (`<bdi dir="auto">`), with its bidi controls
 * shown as codes: `invoice\u202Egnp.exe` reads "invoice[U+202E]gnp.exe", not "invoiceexe.png".
 */
export function FileName({ name, ...rest }: FileNameProps) {
  return (
    <bdi dir="auto" {...rest}>
      {revealBidi(name)}
    </bdi>
  );
}
