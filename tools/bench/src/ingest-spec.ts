// The API the benchmark's spans call (the routes of @interlock/usage/testing's typical HTTP server spans).
export const INGEST_SPEC = `openapi: 3.1.0
info: { title: Orders, version: 1.0.0 }
x-service-name: orders
paths:
  /api/v1/orders/{id}:
    get: { operationId: getOrder, responses: { '200': { description: ok } } }
  /api/v1/orders:
    post: { operationId: placeOrder, responses: { '201': { description: ok } } }
  /api/v1/customers/{customerId}/invoices:
    get: { operationId: listInvoices, responses: { '200': { description: ok } } }
  /api/v1/carts/{cartId}/items/{itemId}:
    put: { operationId: putCartItem, responses: { '200': { description: ok } } }
  /api/v1/sessions/{id}:
    delete: { operationId: deleteSession, responses: { '204': { description: ok } } }
`;
