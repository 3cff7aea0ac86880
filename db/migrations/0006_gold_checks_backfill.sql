-- Until gold checks had their own flag, every gold-labeled item was one (goldCheckShare defaults to 1).
UPDATE items SET is_gold_check = true WHERE gold_label_id IS NOT NULL;
