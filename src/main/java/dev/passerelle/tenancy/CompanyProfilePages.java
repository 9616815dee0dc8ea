package dev.passerelle.tenancy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import dev.passerelle.support.Address;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.Languages;
import dev.passerelle.web.ConsolePage;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The console's company profile and logo, saved by {@link CompanyProfiles} as
 * {@code PUT /api/v1/settings/company} saves them (its checks, its messages). Everyone reads;
 * owners change (as the team page).
 */
@Controller
@ConsolePage
@Hidden
class CompanyProfilePages {

    private final CompanyProfiles profiles;

    CompanyProfilePages(CompanyProfiles profiles) {
        this.profiles = profiles;
    }

    /** The form as typed: the address and bank details in parts, the payment terms as text. */
    record ProfileForm(String name, String legalName, String line1, String line2, String postcode, String city,
                       String country, String vatNumber, String email, String phone, String bankName, String iban,
                       String bic, String paymentTermsDays, String defaultLanguage, String accentColor) {

        static ProfileForm of(CompanyProfile p) {
            Address a = p.address() == null ? new Address(null, null, null, null, null, null) : p.address();
            CompanyProfile.BankDetails b = p.bank() == null ? new CompanyProfile.BankDetails(null, null, null) : p.bank();
            return new ProfileForm(p.name(), p.legalName(), a.line1(), a.line2(), a.postcode(), a.city(), a.country(),
                    p.vatNumber(), p.email(), p.phone(), b.bankName(), b.iban(), b.bic(),
                    Integer.toString(p.paymentTermsDays()), p.defaultLanguage(), p.accentColor());
        }

        /** The profile the service checks; the logo and the address's state are kept from {@code current}. */
        CompanyProfile profile(CompanyProfile current) {
            int terms;
            try {
                terms = Integer.parseInt(paymentTermsDays == null ? "" : paymentTermsDays.strip());
            } catch (NumberFormatException e) {
                throw new InvalidInput("paymentTermsDays: a whole number of days, between 0 and 365");
            }
            String state = current.address() == null ? null : current.address().state();
            Address address = new Address(t(line1), t(line2), t(postcode), t(city), state,
                    t(country) == null ? null : t(country).toUpperCase(java.util.Locale.ROOT));
            boolean noAddress = address.line1() == null && address.line2() == null && address.postcode() == null
                    && address.city() == null && state == null && address.country() == null;
            CompanyProfile.BankDetails bank = new CompanyProfile.BankDetails(t(bankName), t(iban), t(bic));
            boolean noBank = bank.bankName() == null && bank.iban() == null && bank.bic() == null;
            return new CompanyProfile(name == null ? "" : name, t(legalName), noAddress ? null : address, t(vatNumber),
                    t(email), t(phone), noBank ? null : bank, terms, current.logoPng(), t(defaultLanguage),
                    t(accentColor));
        }

        private static String t(String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }
    }

    @GetMapping("/console/settings/company")
    String company(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "") String done, Model model) {
        CompanyProfile p = profiles.get(me.tenantId());
        model.addAttribute("done", "saved".equals(done) || "logo".equals(done) ? done : null);
        return page(model, p, ProfileForm.of(p));
    }

    @PostMapping("/console/settings/company")
    String save(@AuthenticationPrincipal SignedIn me, ProfileForm form, Model model, HttpServletResponse response) {
        me.requireOwner("changes the settings");
        CompanyProfile current = profiles.get(me.tenantId());
        try {
            profiles.save(me.tenantId(), form.profile(current));
        } catch (InvalidInput refused) {
            response.setStatus(400);
            model.addAttribute("error", refused.getMessage());
            return page(model, current, form);
        }
        return "redirect:/console/settings/company?done=saved";
    }

    @PostMapping("/console/settings/company/logo")
    String logo(@AuthenticationPrincipal SignedIn me, @RequestParam(required = false) MultipartFile logo,
                @RequestParam(defaultValue = "") String remove, Model model, HttpServletResponse response) {
        me.requireOwner("changes the settings");
        CompanyProfile c = profiles.get(me.tenantId());
        byte[] bytes;
        try {
            bytes = !remove.isBlank() || logo == null || logo.isEmpty() ? null : logo.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes == null && remove.isBlank()) {
            response.setStatus(400);
            model.addAttribute("logoError", "logoPng: choose a PNG file");
            return page(model, c, ProfileForm.of(c));
        }
        try {
            profiles.save(me.tenantId(), new CompanyProfile(c.name(), c.legalName(), c.address(), c.vatNumber(), c.email(),
                    c.phone(), c.bank(), c.paymentTermsDays(), bytes, c.defaultLanguage(), c.accentColor()));
        } catch (InvalidInput refused) {
            response.setStatus(400);
            model.addAttribute("logoError", refused.getMessage());
            return page(model, c, ProfileForm.of(c));
        }
        return "redirect:/console/settings/company?done=logo";
    }

    private static String page(Model model, CompanyProfile profile, ProfileForm form) {
        model.addAttribute("form", form);
        model.addAttribute("languages", Languages.SUPPORTED);
        // Shown inline (the console CSP allows data: images): no second request for the logo.
        model.addAttribute("logo", profile.logoPng() == null ? null
                : "data:image/png;base64," + Base64.getEncoder().encodeToString(profile.logoPng()));
        return "tenancy/company";
    }
}
