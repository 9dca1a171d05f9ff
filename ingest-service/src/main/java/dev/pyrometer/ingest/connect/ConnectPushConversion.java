package dev.pyrometer.ingest.connect;

import dev.pyrometer.ingest.http.ConvertedPush;
import dev.pyrometer.ingest.pipeline.ProfileNaming;
import dev.pyrometer.ingest.pipeline.PushRefusal;
import dev.pyrometer.ingest.pyroscope.IngestIds;
import dev.pyrometer.profile.pprof.BoundedGunzip;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.protocol.connect.ConnectCodec;
import dev.pyrometer.protocol.connect.ConnectException;
import dev.pyrometer.protocol.ingest.v1.Label;
import dev.pyrometer.protocol.ingest.v1.RawProfile;
import dev.pyrometer.protocol.pyroscope.push.v1.PushRequest;
import dev.pyrometer.protocol.pyroscope.push.v1.RawProfileSeries;
import dev.pyrometer.protocol.pyroscope.push.v1.RawSample;
import dev.pyrometer.protocol.pyroscope.types.v1.LabelPair;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a Connect {@code push.v1.PusherService/Push} request into one push: one profile per sample
 * of every series, with the series' labels. {@code __name__} becomes the profile name; other labels
 * starting with {@code __} (Pyroscope's private labels such as {@code __delta__} and
 * {@code __session_id__}) are dropped, as is any label with an empty value. A sample's {@code ID}
 * is its id; without one, a hash of its labels and raw profile ({@link IngestIds}). A
 * {@code Content-Encoding: gzip} body is inflated up to the largest message size.
 */
public final class ConnectPushConversion {
    private final int maxMessageBytes;

    public ConnectPushConversion(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    public ConvertedPush convert(ConnectCodec.Encoding encoding, String contentEncoding, byte[] body) throws PushRefusal {
        byte[] message = inflate(contentEncoding, body);
        PushRequest request;
        try {
            request = ConnectCodec.decode(encoding, message, PushRequest.newBuilder()).build();
        } catch (ConnectException e) {
            throw PushRefusal.invalid(e.getMessage());
        }
        List<RawProfile> profiles = new ArrayList<>();
        for (int s = 0; s < request.getSeriesCount(); s++) {
            RawProfileSeries series = request.getSeries(s);
            String profileName = "";
            List<Label> labels = new ArrayList<>(series.getLabelsCount());
            StringBuilder labelText = new StringBuilder();
            for (LabelPair pair : series.getLabelsList()) {
                labelText.append(pair.getName()).append('=').append(pair.getValue()).append('\n');
                if (pair.getName().equals("__name__")) {
                    profileName = pair.getValue();
                } else if (!pair.getName().startsWith("__") && !pair.getValue().isEmpty()) {
                    labels.add(Label.newBuilder().setName(pair.getName()).setValue(pair.getValue()).build());
                }
            }
            for (RawSample sample : series.getSamplesList()) {
                String id = !sample.getID().isEmpty() ? sample.getID()
                        : IngestIds.of(IngestIds.utf8(labelText.toString()), sample.getRawProfile().toByteArray());
                profiles.add(RawProfile.newBuilder().setId(id).addAllLabels(labels).setProfileName(profileName)
                        .setPprof(sample.getRawProfile()).build());
            }
        }
        return new ConvertedPush(profiles, ProfileNaming.BY_PERIOD_TYPE);
    }

    private byte[] inflate(String contentEncoding, byte[] body) throws PushRefusal {
        if (contentEncoding == null || contentEncoding.isBlank() || contentEncoding.strip().equalsIgnoreCase("identity")) {
            return body;
        }
        if (!contentEncoding.strip().equalsIgnoreCase("gzip")) {
            throw PushRefusal.invalid("Content-Encoding '" + contentEncoding.strip() + "' is not supported; send gzip or identity");
        }
        try {
            if (!BoundedGunzip.isGzip(body)) {
                throw PushRefusal.invalid("the body is not gzip although Content-Encoding says gzip");
            }
            return BoundedGunzip.inflate(body, maxMessageBytes);
        } catch (InvalidProfileException e) {
            throw PushRefusal.invalid("the gzip body: " + e.getMessage());
        }
    }
}
