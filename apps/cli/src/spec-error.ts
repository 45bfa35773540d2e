// `main` imports this only when a command failed, so a run that succeeds does not load `@interlock/openapi` for it.
export { isSpecError } from '@interlock/openapi';
