import { placeholder } from '@interlock/openapi';
export const x = placeholder;
