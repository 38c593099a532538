import { render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it } from 'vitest';
import DataTable from './DataTable.svelte';

describe('DataTable', () => {
  it('puts the head snippet in thead and the rows in tbody of the named table', () => {
    render(DataTable, {
      props: {
        testId: 'sbcs-table',
        head: createRawSnippet(() => ({ render: () => '<tr><th>Name</th></tr>' })),
        children: createRawSnippet(() => ({ render: () => '<tr><td>sbc-1</td></tr>' })),
      },
    });
    const table = screen.getByTestId('sbcs-table');
    expect(table.querySelector('thead th')?.textContent).toBe('Name');
    expect(table.querySelector('tbody td')?.textContent).toBe('sbc-1');
  });
});
