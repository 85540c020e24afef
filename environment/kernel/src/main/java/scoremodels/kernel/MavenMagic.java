package scoremodels.kernel;

import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.repository.SimpleResolutionErrorPolicy;
import org.eclipse.aether.resolution.ResolutionErrorPolicy;

import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code %maven} line magic, with JJava's syntax: {@code %maven group:artifact:version ...}
 * (Maven's {@code group:artifact[:extension[:classifier]]:version} coordinates), optionally
 * {@code --from URL} to look in another repository as well as Maven Central.
 *
 * <p>Each artifact is resolved with its runtime dependencies by Maven's own resolver into the
 * user's local repository ({@code ~/.m2/repository}, or {@code -Dmaven.repo.local}): first
 * offline, so that what is already there needs no network, then from the remote repositories.
 */
final class MavenMagic {
    static final String CENTRAL = "https://repo1.maven.org/maven2/";
    /** A repository that does not answer fails the cell instead of hanging it. */
    private static final int CONNECT_TIMEOUT_MS = 15_000;
    private static final int REQUEST_TIMEOUT_MS = 120_000;

    private final Path localRepository;
    private final List<RemoteRepository> defaults;
    private RepositorySystem system;

    MavenMagic(Path localRepository, List<String> remoteUrls) {
        this.localRepository = localRepository;
        this.defaults = new ArrayList<>();
        for (int i = 0; i < remoteUrls.size(); i++) {
            defaults.add(repository(i == 0 && remoteUrls.get(i).equals(CENTRAL) ? "central" : "remote-" + i,
                    remoteUrls.get(i)));
        }
    }

    /** The user's local repository and Maven Central, as Maven itself uses them. */
    static MavenMagic standard() {
        String local = System.getProperty("maven.repo.local");
        Path repo = local != null && !local.isBlank() ? Path.of(local)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        return new MavenMagic(repo, List.of(CENTRAL));
    }

    Path localRepository() {
        return localRepository;
    }

    /** Parses the magic's arguments and returns the jars to add, the asked-for artifacts first. */
    List<Path> resolve(String arguments) {
        List<String> coordinates = new ArrayList<>();
        List<RemoteRepository> remotes = new ArrayList<>(defaults);
        List<String> words = ClasspathMagic.words(arguments);
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("--from") || w.startsWith("--from=")) {
                String url = w.equals("--from") ? (i + 1 < words.size() ? words.get(++i) : null) : w.substring(7);
                if (url == null || url.isBlank()) {
                    throw new IllegalArgumentException("%maven --from needs a repository URL");
                }
                // an id made from the URL: the local repository remembers where each file came
                // from, and finds it offline again only for a repository of the same id
                remotes.add(repository("from-" + url.replaceAll("[^A-Za-z0-9]+", "-"), url));
            } else if (w.startsWith("-")) {
                throw new IllegalArgumentException("%maven does not know the option " + w + " (it knows --from URL)");
            } else {
                coordinates.add(w);
            }
        }
        if (coordinates.isEmpty()) {
            throw new IllegalArgumentException("%maven needs at least one group:artifact:version");
        }
        Set<Path> jars = new LinkedHashSet<>();
        for (String c : coordinates) {
            jars.addAll(resolveOne(c, remotes));
        }
        return new ArrayList<>(jars);
    }

    private List<Path> resolveOne(String coordinates, List<RemoteRepository> remotes) {
        Artifact artifact;
        try {
            artifact = new DefaultArtifact(coordinates);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("%maven: '" + coordinates
                    + "' is not group:artifact:version (or group:artifact:extension[:classifier]:version)");
        }
        try {
            return jars(request(artifact, remotes, true));
        } catch (DependencyResolutionException offline) {
            // something is missing locally: fetch it (once) from the remote repositories
        }
        try {
            return jars(request(artifact, remotes, false));
        } catch (DependencyResolutionException e) {
            throw new IllegalArgumentException("%maven could not resolve " + coordinates + ": "
                    + firstMessage(e) + " (looked in " + localRepository + " and " + urls(remotes) + ")", e);
        }
    }

    private DependencyResult request(Artifact artifact, List<RemoteRepository> remotes, boolean offline)
            throws DependencyResolutionException {
        RepositorySystem sys = system();
        // Maven's own session defaults: test and provided scopes and optional dependencies of
        // dependencies are left out, and version conflicts are settled as Maven settles them
        DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
        session.setLocalRepositoryManager(sys.newLocalRepositoryManager(session,
                new LocalRepository(localRepository.toFile())));
        session.setOffline(offline);
        // a failed download is not remembered: the next attempt (say, with the network back) tries again
        session.setResolutionErrorPolicy(new SimpleResolutionErrorPolicy(ResolutionErrorPolicy.CACHE_DISABLED));
        session.setSystemProperties(System.getProperties());
        session.setConfigProperty("aether.connector.connectTimeout", CONNECT_TIMEOUT_MS);
        session.setConfigProperty("aether.connector.requestTimeout", REQUEST_TIMEOUT_MS);
        // the artifact is a dependency of the notebook, as of a project: its own optional and
        // test dependencies are not the notebook's
        CollectRequest collect = new CollectRequest(List.of(new Dependency(artifact, JavaScopes.RUNTIME)), null,
                sys.newResolutionRepositories(session, remotes));
        return sys.resolveDependencies(session, new DependencyRequest(collect, null));
    }

    private synchronized RepositorySystem system() {
        if (system == null) {
            system = new RepositorySystemSupplier().get();
        }
        return system;
    }

    private static List<Path> jars(DependencyResult result) {
        List<Path> jars = new ArrayList<>();
        for (ArtifactResult r : result.getArtifactResults()) {
            if (r.getArtifact() != null && r.getArtifact().getFile() != null) {
                jars.add(r.getArtifact().getFile().toPath());
            }
        }
        return jars;
    }

    private static RemoteRepository repository(String id, String url) {
        try {
            new URL(url);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("%maven repository URL '" + url + "' is not a URL: " + e.getMessage());
        }
        return new RemoteRepository.Builder(id, "default", url).build();
    }

    private static String urls(List<RemoteRepository> remotes) {
        List<String> u = new ArrayList<>();
        for (RemoteRepository r : remotes) {
            u.add(r.getUrl());
        }
        return u.isEmpty() ? "no remote repository" : String.join(", ", u);
    }

    /** The resolver nests its causes deeply; the innermost message names the missing file. */
    private static String firstMessage(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }
}
