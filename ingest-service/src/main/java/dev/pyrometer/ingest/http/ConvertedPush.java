package dev.pyrometer.ingest.http;

import dev.pyrometer.ingest.pipeline.ProfileNaming;
import dev.pyrometer.protocol.ingest.v1.RawProfile;

import java.util.List;

/**
 * What an HTTP request turned into: the push's profiles, and how to name those that carry no
 * profile name.
 */
public record ConvertedPush(List<RawProfile> profiles, ProfileNaming naming) {
}
