import express from 'express';
import request from 'supertest';
import { apiGatewayEvent, invokeHandler } from '../support/api-gateway-event';

// The contract check is wired into the harnesses, not called by each test: these prove that a
// wrong answer really fails a component test through each of them.
describe('the contract check of the component tests', () => {
  const wrongBook = { book: { id: 1, title: 'No other field' } };

  test('when an app answers a supertest request with a body the document does not allow, then the request fails', async () => {
    const app = express().get('/api/v1/books/:id', (_req, res) => {
      res.json(wrongBook);
    });

    await expect(request(app).get('/api/v1/books/1')).rejects.toThrow(
      /GET \/api\/v1\/books\/1 → 200 does not match the OpenAPI document/,
    );
  });

  test('when an app answers a supertest request with an undocumented status, then the request fails', async () => {
    const app = express().get('/healthz', (_req, res) => {
      res.status(202).json({ status: 'ok' });
    });

    await expect(request(app).get('/healthz')).rejects.toThrow(
      /status 202 is not documented for GET \/healthz/,
    );
  });

  test('when a Lambda handler answers with a body the document does not allow, then the invocation fails', async () => {
    const handler = () =>
      Promise.resolve({
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(wrongBook),
      });

    await expect(
      invokeHandler(handler, apiGatewayEvent({ path: '/api/v1/books/1' })),
    ).rejects.toThrow(/must have required property 'sellerId'/);
  });
});
