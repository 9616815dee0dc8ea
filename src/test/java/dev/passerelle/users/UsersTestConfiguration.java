package dev.passerelle.users;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.passerelle.support.MovableTime;

/**
 * The users' clock, movable: {@link #TIME} ages links and sessions without waiting. Only console
 * sessions, links and sign-in failures see it. Tests that move it put it back.
 */
@TestConfiguration(proxyBeanMethods = false)
public class UsersTestConfiguration {

    public static final MovableTime TIME = new MovableTime();

    @Bean
    UsersClock.TimeShift usersTimeShift() {
        return TIME::offset;
    }
}
