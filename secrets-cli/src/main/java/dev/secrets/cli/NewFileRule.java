package dev.secrets.cli;

import dev.secrets.age.AgeRecipient;
import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.config.CreationRule;
import dev.secrets.sops.config.SopsConfig;
import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.stores.Format;
import java.nio.file.Path;
import java.util.List;

/** The rule a new encrypted file gets: its .sops.yaml creation rule with the command line's overrides. */
public final class NewFileRule {
    private NewFileRule() {
    }

    /**
     * @param age {@code --age}, or null for SOPS_AGE_RECIPIENTS
     * @param threshold {@code --shamir-secret-sharing-threshold}, or null
     */
    public static EncryptionRule resolve(Context ctx, SopsConfig config, Path matchPath, Format outFormat, String age,
                                  SelectionOptions selection, Integer threshold) {
        CreationRule creationRule = config == null ? null : config.ruleFor(matchPath);
        String ageFlag = age != null ? age : ctx.env("SOPS_AGE_RECIPIENTS");
        boolean fromFlag = ageFlag != null && !ageFlag.isBlank();
        List<AgeRecipient> recipients = fromFlag ? AgeRecipient.parseList(ageFlag) : List.of();
        EncryptionRule.Overrides overrides = new EncryptionRule.Overrides(recipients, selection.chosen(),
                selection.macOnlyEncrypted, threshold);
        EncryptionRule rule = EncryptionRule.resolve(creationRule, overrides, outFormat, AgeRecipient::parse);
        if (ctx.verbose()) {
            ctx.log(matchPath + ": " + (fromFlag ? "recipients from --age/SOPS_AGE_RECIPIENTS"
                    : "creation rule path_regex '" + creationRule.pathRegex() + "'") + ", recipients "
                    + rule.keyGroups().stream().map(g -> g.stream().map(Recipient::id).toList().toString()).toList());
        }
        return rule;
    }
}
