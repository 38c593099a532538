// The app's screens, in navigation order, and what the unbuilt ones will hold.

export type ScreenId = 'tenants' | 'users' | 'templates' | 'tasks' | 'sbcs' | 'security';

export interface ScreenInfo {
  id: ScreenId;
  label: string;
  /** For screens that are not built yet: what will appear there, stated plainly. */
  placeholder?: { title: string; body: string };
}

export const SCREENS: readonly ScreenInfo[] = [
  { id: 'tenants', label: 'Tenants' },
  { id: 'users', label: 'Users' },
  { id: 'templates', label: 'Templates' },
  {
    id: 'tasks',
    label: 'Queued Tasks',
    placeholder: {
      title: 'No queued tasks',
      body:
        'Changes waiting to run against Microsoft 365 or an SBC — replications, SBC initialisation, user changes — ' +
        'will be listed here with their state and log. The task queue is not built yet.',
    },
  },
  { id: 'sbcs', label: 'SBCs' },
  { id: 'security', label: 'Security' },
];
