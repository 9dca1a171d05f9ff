/**
 * Whether the service asks for credentials, as GET /api/v1/session said at start-up. Read by what builds
 * commands for other tools (go tool pprof), which must then carry a token placeholder.
 */
let required = false;

export function setAuthenticationRequired(value: boolean): void {
  required = value;
}

export function authenticationRequired(): boolean {
  return required;
}
