import os


def count_in_child(n):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        total = 0
        for _ in range(n):
            total += 1
        os.write(write_end, str(total).encode())
        os._exit(0)
    os.close(write_end)
    data = b""
    while chunk := os.read(read_end, 64):
        data += chunk
    os.close(read_end)
    os.waitpid(pid, 0)
    return int(data)
