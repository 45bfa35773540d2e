export { createCollectorApp, usageRoutes, type CollectorAppOptions } from './app.js';
export { startCollector, type CollectorServer, type StartCollectorOptions } from './server.js';
