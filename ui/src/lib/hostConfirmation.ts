// A confirmation given for one host (plain HTTP to an SBC, SMTP login without TLS) covers that
// host only, as the backend decides: same name, ignoring case and surrounding spaces.

/** Whether `confirmedFor` still names `host`; editing the host leaves a confirmation behind. */
export function confirmsHost(confirmedFor: string | null, host: string): boolean {
  const wanted = host.trim().toLowerCase();
  return wanted !== '' && confirmedFor?.trim().toLowerCase() === wanted;
}
