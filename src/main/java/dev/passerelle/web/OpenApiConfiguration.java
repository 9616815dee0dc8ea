package dev.passerelle.web;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The API description names how to authenticate, so that Swagger UI's "Authorize" button and
 * "Try it out" work: one Bearer scheme, since tenant API keys and the operator token travel
 * alike. Only {@code /api/**} asks for it; shop and hook deliveries and public document links
 * are signed or tokenised instead.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BEARER = "bearer";

    @Bean
    OpenAPI passerelleOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Passerelle API").version("v1"))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("A tenant API key (POST /api/v1/tenants shows the first one once), or the operator "
                                + "token for /api/v1/tenants and /api/v1/admin (PASSERELLE_ADMIN_TOKEN, or the file "
                                + "admin-token in the data directory).")));
    }

    @Bean
    OpenApiCustomizer bearerOnApiPaths() {
        return api -> api.getPaths().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.readOperations().forEach(op -> op.addSecurityItem(new SecurityRequirement().addList(BEARER)));
            }
        });
    }
}
