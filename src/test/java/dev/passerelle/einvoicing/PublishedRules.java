package dev.passerelle.einvoicing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.helger.commons.io.resource.inmemory.ReadableResourceByteArray;
import com.helger.diver.api.coord.DVRCoordinate;
import com.helger.phive.api.execute.ValidationExecutionManager;
import com.helger.phive.api.executorset.IValidationExecutorSet;
import com.helger.phive.api.executorset.ValidationExecutorSetRegistry;
import com.helger.phive.api.result.ValidationResult;
import com.helger.phive.api.result.ValidationResultList;
import com.helger.phive.en16931.EN16931Validation;
import com.helger.phive.peppol.PeppolValidation;
import com.helger.phive.peppol.PeppolValidation2025_05;
import com.helger.phive.xml.source.IValidationSourceXML;
import com.helger.phive.xml.source.ValidationSourceXML;

/**
 * The published validation artefacts, run by phive: the UBL 2.1 XSD, CEN's EN 16931 Schematron and
 * OpenPeppol's BIS Billing 3.0 Schematron for UBL; the CII D16B XSD and EN 16931 CII Schematron.
 * Compiling the XSLTs takes seconds, so it happens once per test JVM.
 */
final class PublishedRules {

    private static final ValidationExecutorSetRegistry<IValidationSourceXML> REGISTRY = registry();

    private PublishedRules() {
    }

    private static ValidationExecutorSetRegistry<IValidationSourceXML> registry() {
        ValidationExecutorSetRegistry<IValidationSourceXML> registry = new ValidationExecutorSetRegistry<>();
        EN16931Validation.initEN16931(registry);
        PeppolValidation.initStandard(registry);
        return registry;
    }

    /** Peppol BIS 3.0 invoice: UBL XSD, CEN EN 16931 UBL Schematron, OpenPeppol Schematron. */
    static List<String> peppolInvoiceErrors(byte[] ubl) {
        return errors(PeppolValidation2025_05.VID_OPENPEPPOL_INVOICE_UBL_V3, ubl, 3);
    }

    static List<String> peppolCreditNoteErrors(byte[] ubl) {
        return errors(PeppolValidation2025_05.VID_OPENPEPPOL_CREDIT_NOTE_UBL_V3, ubl, 3);
    }

    /** EN 16931 alone (UBL XSD and CEN Schematron), without Peppol's own rules. */
    static List<String> en16931InvoiceErrors(byte[] ubl) {
        return errors(EN16931Validation.VID_UBL_INVOICE_1314_2, ubl, 2);
    }

    static List<String> ciiErrors(byte[] cii) {
        return errors(EN16931Validation.VID_CII_1314_2, cii, 2);
    }

    /**
     * The errors (not warnings) of every artefact of a rule set, each prefixed with its rule id;
     * fails when an artefact was skipped, since its rules would then say nothing.
     */
    static List<String> errors(DVRCoordinate rules, byte[] xml, int artefacts) {
        IValidationExecutorSet<IValidationSourceXML> set = REGISTRY.getOfID(rules);
        assertThat(set).as("rule set " + rules).isNotNull();
        ValidationResultList results = ValidationExecutionManager.executeValidation(set,
                ValidationSourceXML.create(new ReadableResourceByteArray("document.xml", xml)), Locale.ENGLISH);
        List<String> errors = new ArrayList<>();
        results.forEachFlattened(e -> {
            if (e.isError()) {
                errors.add(e.getErrorID() + " " + e.getErrorText(Locale.ENGLISH) + " at " + e.getErrorFieldName());
            }
        });
        assertThat(results).as("artefacts run").hasSize(artefacts);
        assertThat(results.stream().filter(ValidationResult::isSkipped).toList()).as("skipped artefacts").isEmpty();
        return errors;
    }
}
