// Light, dark or the system's choice, kept across visits. The choice is written on <html> as
// `data-theme` and `color-scheme`, which both the portal's and the library's styles follow.
export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'portal-theme';

export function readTheme(): ThemeChoice {
  try {
    const saved = localStorage.getItem(KEY);
    return saved === 'light' || saved === 'dark' ? saved : 'system';
  } catch {
    return 'system';
  }
}

export function applyTheme(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === 'system') {
    delete root.dataset.theme;
    root.style.colorScheme = 'light dark';
  } else {
    root.dataset.theme = choice;
    root.style.colorScheme = choice;
  }
  try {
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}
