package dev.pyrometer.ingest.http;

import dev.pyrometer.ingest.inbound.InboundBudget;
import dev.pyrometer.ingest.pipeline.PushRefusal;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;

/**
 * A request body read within the {@link InboundBudget}: the budget is reserved before a byte is
 * read (the Content-Length, or the largest allowed body when the length is not declared), a declared
 * length over the limit is refused before the body is read, an undeclared one at the limit. Closing
 * it returns the reservation.
 */
public final class HttpBody implements AutoCloseable {
    static final Duration BUDGET_RETRY_AFTER = Duration.ofSeconds(1);
    private static final int CHUNK = 64 * 1024;

    private final byte[] bytes;
    private final InboundBudget.Reservation reservation;

    private HttpBody(byte[] bytes, InboundBudget.Reservation reservation) {
        this.bytes = bytes;
        this.reservation = reservation;
    }

    /**
     * @throws PushRefusal TOO_LARGE past {@link InboundBudget#maxMessageBytes()}, OVERLOADED when the budget
     *                     has no room, INVALID when the body cannot be read (the client went away mid-body)
     */
    public static HttpBody read(HttpServletRequest request, InboundBudget budget) throws PushRefusal {
        long max = budget.maxMessageBytes();
        long declared = request.getContentLengthLong();
        if (declared > max) {
            throw tooLarge(declared + " bytes", max);
        }
        long reserve = declared >= 0 ? declared : max;
        InboundBudget.Reservation reservation = budget.tryReserve(reserve);
        if (reservation == null) {
            throw PushRefusal.overloaded(budget.fullMessage(), BUDGET_RETRY_AFTER);
        }
        try {
            byte[] bytes = readCapped(request.getInputStream(), declared, (int) max);
            reservation.shrinkTo(bytes.length);
            return new HttpBody(bytes, reservation);
        } catch (PushRefusal | RuntimeException e) {
            reservation.releaseAll();
            throw e;
        } catch (IOException e) {
            reservation.releaseAll();
            throw PushRefusal.invalid("the request body could not be read: " + e.getMessage());
        }
    }

    private static byte[] readCapped(InputStream in, long declared, int max) throws IOException, PushRefusal {
        byte[] buffer = new byte[declared >= 0 ? (int) declared : Math.min(CHUNK, max)];
        int length = 0;
        while (true) {
            if (length == buffer.length) {
                if (declared >= 0) {
                    // A body longer than its Content-Length is not read past it (the connector ends it there).
                    return buffer;
                }
                if (length == max) {
                    if (in.read() < 0) {
                        return buffer;
                    }
                    throw tooLarge("more than " + max + " bytes", max);
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, max));
            }
            int read = in.read(buffer, length, buffer.length - length);
            if (read < 0) {
                return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
            }
            length += read;
        }
    }

    private static PushRefusal tooLarge(String size, long max) {
        return PushRefusal.tooLarge("the request body is " + size + ", more than the limit of " + max + " bytes");
    }

    public byte[] bytes() {
        return bytes;
    }

    @Override
    public void close() {
        reservation.releaseAll();
    }
}
