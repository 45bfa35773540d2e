export const placeholder = 'openapi';
