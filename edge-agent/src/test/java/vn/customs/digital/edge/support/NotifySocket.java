package vn.customs.digital.edge.support;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * What systemd is to a {@code Type=notify} service: an AF_UNIX datagram socket bound at a path (or
 * an abstract name), whose every datagram is kept with the time it arrived.
 */
public final class NotifySocket implements AutoCloseable {
  /** One datagram as received, at {@link System#nanoTime()}. */
  public record Message(String text, long receivedNanos) {}

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
  private final List<Message> received = new CopyOnWriteArrayList<>();
  private final Channel channel;

  /**
   * @param address a file path, or {@code "\0name"} for the abstract namespace
   */
  public NotifySocket(String address) throws InterruptedException {
    channel =
        new Bootstrap()
            .group(group)
            .channel(EpollDomainDatagramChannel.class)
            .handler(
                new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket p) {
                    received.add(
                        new Message(
                            p.content().toString(StandardCharsets.UTF_8), System.nanoTime()));
                  }
                })
            .bind(new DomainSocketAddress(address))
            .sync()
            .channel();
  }

  public List<Message> received() {
    return List.copyOf(received);
  }

  public List<Message> received(String text) {
    return received.stream().filter(m -> m.text().equals(text)).toList();
  }

  @Override
  public void close() throws InterruptedException {
    channel.close().sync();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }
}
