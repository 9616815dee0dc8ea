package dev.passerelle.support;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TimeSource {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
