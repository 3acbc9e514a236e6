package dissemination

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// Exchange sends req through s and reads the answer, at most 1 MB. A 2xx
// answer is decoded into out (when out is not nil) and res is nil. Any
// other answer is returned with its body in raw and res.Body rewound over
// it, for the connector to classify (usually with CheckResponse). Failing
// to send, read or decode becomes an *Error naming the channel (what).
func Exchange(s Sender, req *http.Request, what string, out any) (res *http.Response, raw []byte, err error) {
	res, err = s.Do(req)
	if err != nil {
		return nil, nil, Temporary(fmt.Sprintf("%s tidak menjawab (waktu habis atau gangguan jaringan); dicoba lagi otomatis.", what), err, 0)
	}
	defer res.Body.Close()
	raw, err = io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return nil, nil, Temporary(fmt.Sprintf("Jawaban %s terputus; dicoba lagi otomatis.", what), err, 0)
	}
	if res.StatusCode/100 == 2 {
		if out != nil {
			if err := json.Unmarshal(raw, out); err != nil {
				return nil, nil, Permanent(fmt.Sprintf("Jawaban %s tidak dapat dibaca.", what), err)
			}
		}
		return nil, raw, nil
	}
	res.Body = io.NopCloser(bytes.NewReader(raw))
	return res, raw, nil
}
