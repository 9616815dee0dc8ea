package dev.passerelle.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

import dev.passerelle.web.ConsolePage;

import io.swagger.v3.oas.annotations.Hidden;

/** The ops area, for operators' accounts only (the console's security rules say so). */
@Controller
@ConsolePage
@Hidden
class OpsController {

    @GetMapping("/ops")
    String ops() {
        return "console/ops";
    }
}
