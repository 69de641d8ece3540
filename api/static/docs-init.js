// Swagger UI over the local OpenAPI document; no outside requests.
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", validatorUrl: null });
