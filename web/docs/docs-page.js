// Renders the API's OpenAPI document with Swagger UI (loaded before this file, same origin). No
// request leaves this origin: the validator badge, which would call an outside service, is off.
/* global SwaggerUIBundle */
SwaggerUIBundle({
  url: '/api/v1/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  defaultModelsExpandDepth: 0,
});
