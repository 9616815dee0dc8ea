package dev.passerelle.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A controller that takes deliveries at volume from outside (shops' webhooks, zaps' hooks): its
 * endpoints are looked up among their own few before the application's hundreds ({@link ReceiverMappings}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Receiver {
}
