package dev.passerelle.support;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes {@code passerelle.data-dir} absolute before anything reads it: H2 refuses database
 * paths that are implicitly relative ({@code PASSERELLE_DATA_DIR=data}), and an absolute path
 * in the log says exactly where the data lives.
 */
class DataDirectoryPath implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = environment.getProperty("passerelle.data-dir");
        if (configured == null || configured.isBlank()) {
            return;
        }
        String absolute = Path.of(configured).toAbsolutePath().normalize().toString();
        environment.getPropertySources().addFirst(new MapPropertySource("passerelle-data-dir",
                Map.of("passerelle.data-dir", absolute)));
    }
}
