package io.vitessreplicator.source.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.vitess.proto.Vtgate;
import io.vitess.proto.grpc.VitessGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * gRPC reads vtgate's {@code VStream} responses with this instead of protobuf's marshaller: the
 * message's bytes are read into one array and handed to {@link WireResponseParser}. Only the
 * client side is implemented; a response is never sent.
 */
public final class WireResponseMarshaller implements MethodDescriptor.Marshaller<WireResponse> {
    /** vtgate's {@code Vitess/VStream} method, its responses read by this marshaller. */
    public static final MethodDescriptor<Vtgate.VStreamRequest, WireResponse> VSTREAM =
            VitessGrpc.getVStreamMethod().toBuilder(VitessGrpc.getVStreamMethod().getRequestMarshaller(),
                    new WireResponseMarshaller()).build();

    @Override
    public InputStream stream(WireResponse value) {
        throw new UnsupportedOperationException("VStream responses are only read");
    }

    @Override
    public WireResponse parse(InputStream stream) {
        try {
            byte[] bytes;
            if (stream instanceof KnownLength) {
                // gRPC's message streams know their whole size.
                bytes = stream.readNBytes(stream.available());
                for (int more = stream.available(); more > 0; more = stream.available()) {
                    bytes = concat(bytes, stream.readNBytes(more));
                }
            } else {
                bytes = stream.readAllBytes();
            }
            return WireResponseParser.parse(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw Status.INTERNAL.withDescription("Invalid VStream response: " + e.getMessage()).withCause(e)
                    .asRuntimeException();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
