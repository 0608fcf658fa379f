package io.flowpolicy.local.generate;

import java.util.List;

/**
 * How many distinct egress peers of each kind one namespace has: the shape the generated data must reproduce.
 *
 * @param namespace the namespace
 * @param pods      pod peers (workloads that back no service)
 * @param services  service peers ({@code kube-system/kube-dns} first, when there is any)
 * @param externals peers outside the cluster
 */
public record NamespaceShape(String namespace, int pods, int services, int externals) {

    public NamespaceShape {
        if (pods < 0 || services < 0 || externals < 0) {
            throw new IllegalArgumentException("negative peer count in " + namespace);
        }
    }

    /** All peers of the namespace. */
    public int peers() {
        return pods + services + externals;
    }

    /**
     * The observation snapshot of a real 36-namespace home-lab cluster that the generator imitates (namespace,
     * pod, service and external peers). The fan-out is very uneven on purpose: most namespaces have two or three
     * peers, a few have dozens, and one (a BitTorrent client) has over a hundred.
     */
    public static final List<NamespaceShape> SNAPSHOT = List.of(
        new NamespaceShape("affine", 2, 1, 0),
        new NamespaceShape("beads-server", 3, 1, 0),
        new NamespaceShape("cyberchef", 1, 1, 0),
        new NamespaceShape("dawarich", 2, 1, 0),
        new NamespaceShape("default", 0, 0, 1),
        new NamespaceShape("ebooks", 2, 1, 0),
        new NamespaceShape("f1-stream", 2, 1, 13),
        new NamespaceShape("forgejo", 1, 1, 0),
        new NamespaceShape("hackmd", 1, 1, 0),
        new NamespaceShape("homepage", 1, 1, 0),
        new NamespaceShape("isponsorblocktv", 0, 1, 1),
        new NamespaceShape("jsoncrack", 1, 1, 0),
        new NamespaceShape("kms", 1, 1, 0),
        new NamespaceShape("mailserver", 0, 1, 1),
        new NamespaceShape("meshcentral", 2, 0, 0),
        new NamespaceShape("n8n", 1, 1, 0),
        new NamespaceShape("nextcloud", 2, 1, 2),
        new NamespaceShape("onlyoffice", 1, 1, 0),
        new NamespaceShape("openclaw", 4, 1, 13),
        new NamespaceShape("paperless-ngx", 2, 1, 0),
        new NamespaceShape("phpipam", 2, 1, 0),
        new NamespaceShape("poison-fountain", 1, 1, 0),
        new NamespaceShape("postiz", 8, 1, 0),
        new NamespaceShape("realestate-crawler", 1, 1, 0),
        new NamespaceShape("recruiter-responder", 0, 1, 1),
        new NamespaceShape("rybbit", 1, 1, 0),
        new NamespaceShape("send", 1, 1, 0),
        new NamespaceShape("servarr", 2, 2, 130),
        new NamespaceShape("speedtest", 1, 1, 0),
        new NamespaceShape("status-page", 2, 1, 7),
        new NamespaceShape("tandoor", 1, 1, 0),
        new NamespaceShape("technitium", 2, 1, 2),
        new NamespaceShape("trading-bot", 2, 1, 2),
        new NamespaceShape("url", 1, 1, 0),
        new NamespaceShape("website", 1, 1, 0),
        new NamespaceShape("woodpecker", 2, 1, 5));
}
