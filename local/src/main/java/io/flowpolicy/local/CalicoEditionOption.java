package io.flowpolicy.local;

import io.flowpolicy.sink.render.CalicoEdition;
import io.flowpolicy.sink.render.RenderOptions;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --calico-edition} of the commands that render: Calico Enterprise can name DNS-named peers as domains. */
final class CalicoEditionOption {
    @Option(names = "--calico-edition", defaultValue = "oss", paramLabel = "oss|enterprise",
        description = "Calico edition: enterprise renders DNS-named peers as domains. Default: ${DEFAULT-VALUE}.")
    String edition;

    /** @throws IllegalArgumentException naming the option when the value is neither edition */
    RenderOptions render(RenderOptions options) {
        return switch (edition.toLowerCase(Locale.ROOT)) {
            case "oss" -> options.withEdition(CalicoEdition.OSS);
            case "enterprise" -> options.withEdition(CalicoEdition.ENTERPRISE);
            default -> throw new IllegalArgumentException("--calico-edition is not oss or enterprise: " + edition);
        };
    }
}
