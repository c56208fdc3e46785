package org.enginetls.dasync.conformance;

import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;

/**
 * The ways real frameworks drive an {@link javax.net.ssl.SSLEngine}, each one turn of one side: what
 * it calls and in which order, and how many bytes its transport delivers per turn. All of them are
 * legal JSSE drivers; an engine must finish the same conversation under each.
 */
enum DriverPattern {

    /** The textbook loop: ask the handshake status, do what it says, until nothing moves. */
    STATUS_DRIVEN {
        @Override
        void turn(Endpoint side) throws Exception {
            statusDriven(side);
        }
    },

    /** One wrap per turn (application data as soon as there is any), then unwrap all the peer sent. */
    ONE_WRAP_THEN_UNWRAP_ALL {
        @Override
        void turn(Endpoint side) throws Exception {
            side.serviceTasks();
            side.wrapData();
            side.serviceTasks();
            unwrapAll(side);
        }
    },

    /**
     * The peer's whole flight arrives in one buffer and is unwrapped record by record, the tasks of
     * each run at once, before anything is wrapped (hand-written NIO loops and test harnesses).
     */
    WHOLE_FLIGHT_BEFORE_WRAP {
        @Override
        void turn(Endpoint side) throws Exception {
            side.serviceTasks();
            unwrapAll(side);
            wrapAll(side, false);
        }
    },

    /** The transport delivers one byte per turn: every record arrives through BUFFER_UNDERFLOW. */
    ONE_BYTE_AT_A_TIME {
        @Override
        void turn(Endpoint side) throws Exception {
            statusDriven(side);
        }

        @Override
        int bytesPerDelivery() {
            return 1;
        }

        @Override
        int dataSize() {
            return 48 * 1024;
        }
    },

    /** Application and network buffers start at 64 bytes: every record overflows them first; they grow and the call is retried. */
    TINY_BUFFERS {
        @Override
        void turn(Endpoint side) throws Exception {
            statusDriven(side);
        }

        @Override
        boolean tinyBuffers() {
            return true;
        }
    },

    /** Delegated tasks run late, on another thread, while the driver keeps calling wrap and unwrap. */
    LATE_TASKS_ON_ANOTHER_THREAD {
        @Override
        void turn(Endpoint side) throws Exception {
            statusDriven(side);
        }

        @Override
        boolean lateTasks() {
            return true;
        }
    },

    /**
     * Each side wraps all it can, application data included, before anything is delivered: the side
     * that sends the last Finished sends its first application data right behind it, in the same
     * buffer, and the peer unwraps both together.
     */
    DATA_BEHIND_FINISHED {
        @Override
        void turn(Endpoint side) throws Exception {
            side.serviceTasks();
            wrapAll(side, true);
            unwrapAll(side);
        }

        @Override
        boolean expectsDataBehindFinished() {
            return true;
        }
    };

    private static final int MAX_CALLS_PER_TURN = 200;

    /** One turn of {@code side}. */
    abstract void turn(Endpoint side) throws Exception;

    /** How many bytes the transport moves per turn and direction. */
    int bytesPerDelivery() {
        return Integer.MAX_VALUE;
    }

    /** How much random application data each side sends. */
    int dataSize() {
        return 256 * 1024;
    }

    boolean tinyBuffers() {
        return false;
    }

    boolean lateTasks() {
        return false;
    }

    boolean expectsDataBehindFinished() {
        return false;
    }

    private static void statusDriven(Endpoint side) throws Exception {
        for (int call = 0; call < MAX_CALLS_PER_TURN; call++) {
            boolean moved;
            HandshakeStatus status = side.engine.getHandshakeStatus();
            switch (status) {
                case NEED_TASK -> moved = side.serviceTasks();
                case NEED_WRAP -> {
                    SSLEngineResult result = side.wrapNothing();
                    moved = result.bytesProduced() > 0 || result.getHandshakeStatus() != status;
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> moved = side.hasInput() && moved(side.unwrap());
                default -> {
                    moved = side.hasDataToSend() && moved(side.wrapData());
                    if (side.hasInput()) {
                        moved |= moved(side.unwrap());
                    }
                }
            }
            if (!moved) {
                return;
            }
        }
    }

    /** Unwraps until the engine takes nothing more, doing what each result asks for before the next. */
    private static void unwrapAll(Endpoint side) throws Exception {
        for (int call = 0; call < MAX_CALLS_PER_TURN && side.hasInput(); call++) {
            SSLEngineResult result = side.unwrap();
            boolean tasks = side.serviceTasks();
            if (!tasks && (!moved(result) || result.getStatus() != Status.OK)) {
                return;
            }
        }
    }

    /** Wraps until the engine produces nothing more; application data only once the handshake is done, unless {@code eager}. */
    private static void wrapAll(Endpoint side, boolean eager) throws Exception {
        boolean finished = false;
        for (int call = 0; call < MAX_CALLS_PER_TURN; call++) {
            SSLEngineResult result = eager || !side.handshaking() ? side.wrapData() : side.wrapNothing();
            if (finished && result.bytesConsumed() > 0) {
                side.dataBehindFinished = true;
            }
            finished |= result.getHandshakeStatus() == HandshakeStatus.FINISHED;
            boolean tasks = side.serviceTasks();
            if (!tasks && (!moved(result) || result.getStatus() != Status.OK)) {
                return;
            }
        }
    }

    private static boolean moved(SSLEngineResult result) {
        return result.bytesConsumed() > 0 || result.bytesProduced() > 0;
    }
}
