export * from './pacticipants.js';
export * from './pacts.js';
export * from './environments.js';
