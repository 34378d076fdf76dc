// Guards the two dom projects: each runs the React it claims, and TanStack Query and Testing
// Library use that same copy (two copies would fail every hook with "Invalid hook call").
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { version } from 'react';
import { version as domVersion } from 'react-dom';
import { describe, expect, it } from 'vitest';

describe('the React under test', () => {
  it('is the major version this project names, for react and react-dom alike', () => {
    const major = process.env.SMH_TEST_REACT;
    expect(major).toMatch(/^(18|19)$/);
    expect(version.split('.')[0]).toBe(major);
    expect(domVersion).toBe(version);
  });

  it('is the copy TanStack Query and Testing Library render with', () => {
    const client = new QueryClient();
    function Probe() {
      return <span data-testid="probe">{useQueryClient() === client ? 'same' : 'other'}</span>;
    }
    render(<QueryClientProvider client={client}><Probe /></QueryClientProvider>);
    expect(screen.getByTestId('probe')).toHaveTextContent('same');
  });
});
