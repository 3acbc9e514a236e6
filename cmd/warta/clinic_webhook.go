package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination/telegram"
)

// runClinicTelegramWebhook tells Telegram to deliver the bot's messages to
// this site's /webhooks/telegram with the channel's webhook_secret, which
// the webhook checks on every update.
func runClinicTelegramWebhook(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, _, err := loadConfig("clinic telegram-webhook", args, stderr, func(fs *flag.FlagSet) {
		fs.Usage = func() {
			fmt.Fprintln(fs.Output(), `Penggunaan: warta clinic telegram-webhook --base-url https://…

Mendaftarkan BASE_URL/webhooks/telegram sebagai webhook bot Telegram kanal
telegram, dengan rahasia webhook_secret kanal itu. Sekali saja setelah
kanal telegram diberi rahasia webhook_secret (huruf, angka, _ dan -):
  warta channel update NAMA --secret webhook_secret

Opsi:`)
			fs.PrintDefaults()
		}
	})
	if err != nil {
		return err
	}
	if !strings.HasPrefix(cfg.BaseURL, "https://") {
		return errors.New("Telegram hanya mengirim ke webhook https://; setel --base-url (WARTA_BASE_URL) ke alamat publik situs")
	}
	eng, db, err := openEngine(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	ch, err := eng.OpenChannelByKind(ctx, "telegram")
	if err != nil {
		return channelError(err)
	}
	if ch == nil {
		return errors.New("belum ada kanal telegram; tambahkan dengan 'warta channel add telegram --name … --set chat_id=… --secret bot_token'")
	}
	secret := ch.Secrets["webhook_secret"]
	if secret == "" || ch.Secrets["bot_token"] == "" {
		return fmt.Errorf("kanal %s belum punya rahasia bot_token dan webhook_secret; isi dengan 'warta channel update %s --secret bot_token --secret webhook_secret'", ch.Name, ch.Name)
	}
	hook := cfg.BaseURL + "/webhooks/telegram"
	bot := telegram.NewBot(ch, &http.Client{Timeout: 30 * time.Second})
	if err := bot.SetWebhook(ctx, hook, secret); err != nil {
		return channelError(err)
	}
	fmt.Fprintf(stdout, "Webhook bot kanal %s: %s\n", ch.Name, hook)
	return nil
}
