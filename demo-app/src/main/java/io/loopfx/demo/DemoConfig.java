package io.loopfx.demo;

import io.loopfx.demo.downloads.RemoteFile;
import io.loopfx.demo.search.JdkClassIndex;
import io.loopfx.demo.search.SearchSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the demo is set up with; the tests pass their own (small files, a fast server, a temporary folder).
 *
 * @param downloadFolder where downloads are saved
 * @param bytesPerSecond the download server's initial rate per response, 0 for no throttle
 * @param catalogue      the files the server offers in the Downloads tab
 * @param parallel       how many downloads may run at once
 * @param searchSource   the slow source of the Search tab
 */
public record DemoConfig(Path downloadFolder, long bytesPerSecond, List<RemoteFile> catalogue, int parallel,
                         SearchSource searchSource) {
    /**
     * Returns the settings of the interactive demo: downloads go to a folder under the system's temporary
     * folder, at 256 KB/s each, two at a time.
     *
     * @return the settings
     * @throws IOException if the download folder cannot be created
     */
    public static DemoConfig interactive() throws IOException {
        Path folder = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "loopfx-demo-downloads"));
        return new DemoConfig(folder, 256 * 1024, List.of(
                new RemoteFile("debian-netinst.iso", 6 * 1024 * 1024),
                new RemoteFile("quarterly-report.pdf", 1536 * 1024),
                new RemoteFile("dataset.csv", 3 * 1024 * 1024),
                new RemoteFile("holiday-photo.raw", 12 * 1024 * 1024),
                new RemoteFile("notes.txt", 96 * 1024)),
                2, new JdkClassIndex(Duration.ofMillis(150)));
    }
}
