package dev.passerelle.web;

import java.util.Locale;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.convert.converter.ConverterFactory;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Enum values in query and path parameters are taken in any case ({@code kind=invoice} and
 * {@code kind=INVOICE}), as in bodies (spring.jackson.mapper.accept-case-insensitive-enums):
 * shop settings are written in lower case and documents in upper case, and callers mix them.
 */
@Configuration(proxyBeanMethods = false)
class EnumParameters implements WebMvcConfigurer {

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.removeConvertible(String.class, Enum.class);
        registry.addConverterFactory(new AnyCase());
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class AnyCase implements ConverterFactory<String, Enum> {

        @Override
        public <T extends Enum> Converter<String, T> getConverter(Class<T> type) {
            return text -> text.isBlank() ? null
                    : (T) Enum.valueOf(type, text.strip().replace('-', '_').toUpperCase(Locale.ROOT));
        }
    }
}
