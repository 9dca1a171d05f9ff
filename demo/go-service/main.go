// Command demo-service is a small Go HTTP service whose only purpose is to be profiled: it serves
// net/http/pprof and runs one workload per Go profile type, each in a function with a stable name
// so tests (and people) can find it in the profiles:
//
//	main.burnCPU         CPU: spins on arithmetic, one goroutine per -cpu-workers
//	main.allocGarbage    allocs: allocates -alloc-chunk bytes every -alloc-every, then drops them
//	main.retainMemory    heap (inuse): keeps about -retain-bytes live, replacing parts of it slowly
//	main.contendMutex    mutex: -mutex-workers goroutines fight over one sync.Mutex
//	main.blockOnChannel  block: receives from an unbuffered channel fed every -block-every
//	main.leakyWorker     goroutine: a new goroutine that never exits every -leak-every
//	main.spawnThread     threadcreate: one more goroutine in a blocking system call every
//	                     -thread-every (up to 64), so the runtime keeps creating threads
//
// With -leak-endpoint, GET /leak/step?bytes=N&goroutines=M leaks on demand, for the leak finder's
// tests: main.hoardMemory keeps N more bytes forever and M more main.stuckWaiter goroutines block
// forever; the answer comes once both are done.
//
// Standard library only; builds with `go build` (Go 1.19) and no module downloads.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"runtime"
	"sync"
	"syscall"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:6060", "listen address; port 0 picks a free one (printed on stdout)")
	cpuWorkers := flag.Int("cpu-workers", 1, "goroutines spinning in main.burnCPU")
	allocChunk := flag.Int("alloc-chunk", 64<<10, "bytes main.allocGarbage allocates per step")
	allocEvery := flag.Duration("alloc-every", 10*time.Millisecond, "pause between allocation steps")
	retainBytes := flag.Int("retain-bytes", 16<<20, "bytes main.retainMemory keeps live")
	mutexWorkers := flag.Int("mutex-workers", 4, "goroutines contending in main.contendMutex")
	blockEvery := flag.Duration("block-every", 5*time.Millisecond, "how often main.blockOnChannel's channel is fed")
	leakEvery := flag.Duration("leak-every", 100*time.Millisecond, "how often a main.leakyWorker goroutine is leaked")
	threadEvery := flag.Duration("thread-every", 500*time.Millisecond, "pause between steps of main.spawnThreads")
	blockRate := flag.Int("block-profile-rate", 1, "runtime.SetBlockProfileRate (1 records every blocking event)")
	mutexFraction := flag.Int("mutex-profile-fraction", 1, "runtime.SetMutexProfileFraction (1 records every contention)")
	leakEndpoint := flag.Bool("leak-endpoint", false, "serve /leak/step, which leaks heap (main.hoardMemory) and goroutines (main.stuckWaiter) on demand")
	memProfileRate := flag.Int("mem-profile-rate", runtime.MemProfileRate, "runtime.MemProfileRate (bytes per sampled allocation; 1 records every one)")
	flag.Parse()

	runtime.MemProfileRate = *memProfileRate
	runtime.SetBlockProfileRate(*blockRate)
	runtime.SetMutexProfileFraction(*mutexFraction)

	listener, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("listen %s: %v", *addr, err)
	}
	http.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })

	for i := 0; i < *cpuWorkers; i++ {
		go burnCPU()
	}
	go allocGarbage(*allocChunk, *allocEvery)
	go retainMemory(*retainBytes)
	for i := 0; i < *mutexWorkers; i++ {
		go contendMutex()
	}
	go feedChannel(*blockEvery)
	go blockOnChannel()
	go leakGoroutines(*leakEvery)
	go spawnThreads(*threadEvery)
	if *leakEndpoint {
		hoard := make(chan hoardRequest)
		go hoardMemory(hoard)
		http.HandleFunc("/leak/step", func(w http.ResponseWriter, r *http.Request) { leakStep(w, r, hoard) })
	}

	// Tests read this line to learn the port.
	fmt.Printf("demo-service listening on %s pid %d\n", listener.Addr(), os.Getpid())
	log.Fatal(http.Serve(listener, nil))
}

// sink keeps the compiler from removing work whose result is otherwise unused.
var sink uint64

func burnCPU() {
	x := uint64(1)
	for {
		for i := 0; i < 1_000_000; i++ {
			x = x*6364136223846793005 + 1442695040888963407
		}
		sink += x
	}
}

var garbage []byte

func allocGarbage(chunk int, every time.Duration) {
	for {
		garbage = make([]byte, chunk)
		time.Sleep(every)
	}
}

func retainMemory(total int) {
	const piece = 256 << 10
	live := make([][]byte, total/piece)
	for i := range live {
		live[i] = make([]byte, piece)
	}
	for i := 0; ; i++ {
		live[i%len(live)] = make([]byte, piece)
		time.Sleep(500 * time.Millisecond)
	}
}

var (
	contended sync.Mutex
	counter   uint64
)

// contendMutex holds the lock while sleeping, so the others queue on it without burning CPU.
func contendMutex() {
	for {
		contended.Lock()
		counter++
		time.Sleep(500 * time.Microsecond)
		contended.Unlock()
		runtime.Gosched()
	}
}

var feed = make(chan int)

func feedChannel(every time.Duration) {
	for i := 0; ; i++ {
		time.Sleep(every)
		feed <- i
	}
}

func blockOnChannel() {
	for v := range feed {
		sink += uint64(v)
	}
}

func leakGoroutines(every time.Duration) {
	for {
		go leakyWorker(make(chan struct{}))
		time.Sleep(every)
	}
}

// leakyWorker waits on a channel nobody will ever close: the leak.
func leakyWorker(never chan struct{}) {
	<-never
}

// spawnThreads runs one more goroutine in a blocking system call at each step (up to 64), so the
// runtime needs one more OS thread each time. Threads are never destroyed (no goroutine exits
// while locked to its thread), which keeps the threadcreate profile cumulative.
func spawnThreads(every time.Duration) {
	for parallel := 1; ; parallel++ {
		if parallel > 64 {
			parallel = 64
		}
		var wg sync.WaitGroup
		for i := 0; i < parallel; i++ {
			wg.Add(1)
			go spawnThread(&wg)
		}
		wg.Wait()
		time.Sleep(every)
	}
}

// spawnThread blocks its thread in nanosleep(2) for 20 ms.
func spawnThread(wg *sync.WaitGroup) {
	defer wg.Done()
	pause := syscall.NsecToTimespec(int64(20 * time.Millisecond))
	_ = syscall.Nanosleep(&pause, nil)
}
