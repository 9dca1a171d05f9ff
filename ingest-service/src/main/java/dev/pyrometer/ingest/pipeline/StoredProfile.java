package dev.pyrometer.ingest.pipeline;

/**
 * What became of one profile of an accepted push.
 *
 * @param id             the profile's id
 * @param accepted       true if stored now, false if an earlier push with this id had stored it (a duplicate)
 * @param seriesProfiles how many series profiles it split into
 */
public record StoredProfile(String id, boolean accepted, int seriesProfiles) {
}
