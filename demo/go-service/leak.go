package main

import (
	"fmt"
	"net/http"
	"strconv"
)

// hoardRequest asks main.hoardMemory to keep bytes more; done is closed once it has.
type hoardRequest struct {
	bytes int
	done  chan struct{}
}

// hoardedChunk is the size of each allocation main.hoardMemory keeps.
const hoardedChunk = 64 << 10

// hoardMemory owns the heap leak: every request adds chunks it never releases. It runs in its own
// goroutine so that the leaked memory's allocation stack is main.hoardMemory under runtime.goexit.
func hoardMemory(requests chan hoardRequest) {
	var kept [][]byte
	for request := range requests {
		for n := 0; n < request.bytes; n += hoardedChunk {
			chunk := make([]byte, hoardedChunk)
			chunk[0] = 1
			kept = append(kept, chunk)
		}
		close(request.done)
	}
	sink += uint64(len(kept))
}

// stuckWaiter blocks forever on a channel nobody sends to: the goroutine leak. started is closed once it runs.
func stuckWaiter(started chan struct{}, never chan struct{}) {
	close(started)
	<-never
}

// leakStep serves /leak/step?bytes=N&goroutines=M: it answers once N bytes more are kept and M
// more goroutines are blocked, so a profile taken after the answer includes them.
func leakStep(w http.ResponseWriter, r *http.Request, hoard chan hoardRequest) {
	bytes, err1 := strconv.Atoi(r.URL.Query().Get("bytes"))
	goroutines, err2 := strconv.Atoi(r.URL.Query().Get("goroutines"))
	if err1 != nil || err2 != nil || bytes < 0 || goroutines < 0 {
		http.Error(w, "bytes and goroutines must be non-negative integers", http.StatusBadRequest)
		return
	}
	request := hoardRequest{bytes: bytes, done: make(chan struct{})}
	hoard <- request
	<-request.done
	never := make(chan struct{})
	for i := 0; i < goroutines; i++ {
		started := make(chan struct{})
		go stuckWaiter(started, never)
		<-started
	}
	fmt.Fprintf(w, "leaked %d bytes and %d goroutines\n", bytes, goroutines)
}
