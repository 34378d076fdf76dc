import { useId, useState } from 'react';
import { applyTheme, readTheme, type ThemeChoice } from '../theme';

const CHOICES: ReadonlyArray<{ value: ThemeChoice; label: string }> = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function ThemeSwitch() {
  const id = useId();
  const [theme, setTheme] = useState(readTheme);
  return (
    <fieldset className="portal-theme">
      <legend className="portal-visually-hidden">Theme</legend>
      {CHOICES.map(({ value, label }) => (
        <label key={value} className="portal-theme__option">
          <input
            type="radio"
            name={`${id}-theme`}
            value={value}
            checked={theme === value}
            onChange={() => {
              setTheme(value);
              applyTheme(value);
            }}
          />
          <span>{label}</span>
        </label>
      ))}
    </fieldset>
  );
}
