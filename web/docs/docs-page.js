// Renders the API's OpenAPI document with Swagger UI (loaded before this file, same origin). No
// request leaves this origin: the validator badge, which would call an outside service, is off.
/* global SwaggerUIBundle, MutationObserver */
SwaggerUIBundle({
  url: '/api/v1/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  defaultModelsExpandDepth: 0,
});

// Swagger UI's servers picker is a <select> inside an empty <label>: it has no name for a screen
// reader. It is (re)rendered by Swagger UI at its own pace, so every picker that appears gets one.
const SERVERS_NAME = 'Server';
new MutationObserver(() => {
  for (const picker of document.querySelectorAll('#swagger-ui select#servers:not([aria-label])')) {
    picker.setAttribute('aria-label', SERVERS_NAME);
  }
}).observe(document.getElementById('swagger-ui'), { childList: true, subtree: true });
