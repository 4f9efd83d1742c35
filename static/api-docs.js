// The API docs at /api/v1/docs: Swagger UI (vendored, see static/vendor) reading the
// service's own OpenAPI document. No inline script, so the page keeps a strict CSP.
window.addEventListener("DOMContentLoaded", function () {
  window.SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    docExpansion: "none",
    defaultModelsExpandDepth: 0,
    filter: true,
    displayRequestDuration: true,
    persistAuthorization: false,
    validatorUrl: null,
  });
});
