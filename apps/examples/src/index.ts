export { createShopApp, createShopState, type ShopState } from './shop/app.js';
export { CrmClient } from './shop/crm-client.js';
export { createCrmApp, createCrmState, type CrmState } from './crm/app.js';
export { MailerClient } from './crm/mailer-client.js';
export { createMailerApp, createMailerState, NEWSLETTER_LIST_ID, type MailerState } from './mailer/app.js';
export { startExamples, type RunningExamples } from './start.js';
export { startInstrumentedExamples, type InstrumentedExamples } from './instrumented.js';
export { generateTraffic, type TrafficSummary } from './traffic.js';
