package store

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Passwords are kept as argon2id hashes in the PHC string format,
// $argon2id$v=19$m=MEMORY_KIB,t=PASSES,p=LANES$SALT$HASH (salt and hash in
// unpadded standard base64), so that every hash carries the parameters it
// was made with and stronger parameters can be adopted later without
// invalidating the hashes already stored.

// PasswordParams are argon2id's cost parameters.
type PasswordParams struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8  // lanes
	SaltLen uint32
	KeyLen  uint32
}

// DefaultPasswordParams are OWASP's recommended minimum for argon2id
// (19 MiB, 2 passes, 1 lane); BenchmarkPasswordHash measures what a hash
// costs (docs/accounts.md).
var DefaultPasswordParams = PasswordParams{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Password length limits, in bytes of UTF-8.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 1024
)

// hashSlots bounds the hashes computed at once: each takes Memory KiB, so
// a burst of sign-ins cannot take the server's memory.
var hashSlots = make(chan struct{}, max(2, runtime.NumCPU()))

func argon(pw, salt []byte, p PasswordParams) []byte {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return argon2.IDKey(pw, salt, p.Time, p.Memory, p.Threads, p.KeyLen)
}

// CheckPasswordRules says what is wrong with a new password, or nil.
func CheckPasswordRules(pw string) error {
	switch {
	case len(pw) < MinPasswordLen:
		return fmt.Errorf("密码太短：至少 %d 个字符", MinPasswordLen)
	case len(pw) > MaxPasswordLen:
		return fmt.Errorf("密码太长：最多 %d 个字节", MaxPasswordLen)
	}
	return nil
}

// HashPassword hashes pw with argon2id and a random salt.
func HashPassword(pw string) (string, error) {
	return hashPassword(pw, DefaultPasswordParams)
}

func hashPassword(pw string, p PasswordParams) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon([]byte(pw), salt, p)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errBadHash = errors.New("密码哈希格式不对（应为 argon2id 的 PHC 字符串）")

// parseHash reads a PHC string; parameters out of sane bounds are refused,
// so a stored hash cannot make a sign-in take gigabytes or minutes.
func parseHash(encoded string) (PasswordParams, []byte, []byte, error) {
	var p PasswordParams
	f := strings.Split(encoded, "$")
	if len(f) != 6 || f[0] != "" || f[1] != "argon2id" || f[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, errBadHash
	}
	for _, kv := range strings.Split(f[3], ",") {
		k, v, ok := strings.Cut(kv, "=")
		n, err := strconv.ParseUint(v, 10, 32)
		if !ok || err != nil {
			return p, nil, nil, errBadHash
		}
		switch k {
		case "m":
			p.Memory = uint32(n)
		case "t":
			p.Time = uint32(n)
		case "p":
			if n > 255 {
				return p, nil, nil, errBadHash
			}
			p.Threads = uint8(n)
		default:
			return p, nil, nil, errBadHash
		}
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(f[4])
	key, err2 := b64.DecodeString(f[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(key) < 16 || len(key) > 64 ||
		p.Memory < 8*uint32(p.Threads) || p.Memory > 1<<20 || p.Time < 1 || p.Time > 16 || p.Threads < 1 || p.Threads > 16 {
		return p, nil, nil, errBadHash
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}

// CheckPassword reports whether pw is the password of encoded, comparing
// the hashes in constant time.
func CheckPassword(encoded, pw string) (bool, error) {
	p, salt, key, err := parseHash(encoded)
	if err != nil {
		return false, err
	}
	if len(pw) > MaxPasswordLen {
		// Still spend the time of a hash: the answer's delay says nothing.
		argon([]byte(pw[:MaxPasswordLen]), salt, p)
		return false, nil
	}
	got := argon([]byte(pw), salt, p)
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// dummyHash is checked against when a sign-in names no account, so that
// an unknown name takes as long to refuse as a wrong password.
// It is made on first use, not when a command starts.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword("yusuan: no such account")
	if err != nil {
		panic(err)
	}
	return h
})
