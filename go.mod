module github.com/ember-db/ember

go 1.26.8
