// The colour family a status is shown in; each tone is a class next to `.pill` in app.css.
export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';
